/**
 * The webhook action enum (1–90), copied from Nexudus's reference page of the webhook search endpoint
 * (shared/nexudus/search-webhooks.txt). `45 HelDeskMessageCreated` is Nexudus's own spelling.
 */
export const ACTIONS = [
  { id: 1, name: "None" },
  { id: 2, name: "CoworkerUpdate" },
  { id: 3, name: "CoworkerCreate" },
  { id: 4, name: "BlogPostCreate" },
  { id: 5, name: "BlogPostUpdate" },
  { id: 6, name: "BookingCreate" },
  { id: 7, name: "BookingUpdate" },
  { id: 8, name: "BookingDelete" },
  { id: 9, name: "SendWelcomeEmail" },
  { id: 10, name: "CoworkerContractActivate" },
  { id: 11, name: "CoworkerContractCancel" },
  { id: 12, name: "CoworkerContractRenew" },
  { id: 13, name: "CoworkerContractUpgradeDowngrade" },
  { id: 14, name: "CoworkerContractActivateFirst" },
  { id: 15, name: "CoworkerInvoiceCreateFirst" },
  { id: 16, name: "CoworkerInvoiceCreate" },
  { id: 17, name: "CoworkerInvoiceDelete" },
  { id: 18, name: "CoworkerInvoiceUpdate" },
  { id: 19, name: "CoworkerInvoiceRefund" },
  { id: 20, name: "CoworkerInvoiceCreditNote" },
  { id: 21, name: "CoworkerInvoicePaid" },
  { id: 22, name: "CoworkerInvoiceFailedPayment" },
  { id: 23, name: "CoworkerInvoiceReceivedPayment" },
  { id: 24, name: "CoworkerInvoiceAwaitingPayment" },
  { id: 25, name: "CalendarEventCreate" },
  { id: 26, name: "CalendarEventUpdate" },
  { id: 27, name: "CalendarEventAttendeeDelete" },
  { id: 28, name: "CalendarEventAttendeeCreate" },
  { id: 29, name: "CalendarEventAttendeeUpdate" },
  { id: 30, name: "GlobalChatMessageCreate" },
  { id: 31, name: "NewsLetterSubscriberCreate" },
  { id: 32, name: "NewsLetterSubscriberSubscribed" },
  { id: 33, name: "NewsLetterSubscriberUnSubscribed" },
  { id: 34, name: "NewsLetterSubscriberRemovedFromGroup" },
  { id: 35, name: "CoworkerCheckout" },
  { id: 36, name: "CoworkerCheckin" },
  { id: 37, name: "CoworkerCheckinFailed" },
  { id: 38, name: "VisitorNotification" },
  { id: 39, name: "CommunityBoardNewThread" },
  { id: 40, name: "CommunityBoardNewReply" },
  { id: 41, name: "VisitorCheckedin" },
  { id: 42, name: "VisitorRegistered" },
  { id: 43, name: "BlogPostDelete" },
  { id: 44, name: "CalendarEventDelete" },
  { id: 45, name: "HelDeskMessageCreated" },
  { id: 46, name: "HelpDeskCommentCreated" },
  { id: 47, name: "CheckinCreated" },
  { id: 48, name: "CheckinUpdated" },
  { id: 49, name: "CheckinDeleted" },
  { id: 50, name: "CoworkerDelete" },
  { id: 51, name: "CoworkerMessageCreate" },
  { id: 52, name: "DeliveryCreated" },
  { id: 53, name: "DeliveryAssigned" },
  { id: 54, name: "ProposalCreated" },
  { id: 55, name: "ProposalUpdated" },
  { id: 56, name: "ProposalDeleted" },
  { id: 57, name: "TeamCreated" },
  { id: 58, name: "TeamUpdated" },
  { id: 59, name: "TeamDeleted" },
  { id: 60, name: "CoworkerContractUpdate" },
  { id: 61, name: "AccessControlUpdate" },
  { id: 62, name: "CoworkerContractCreate" },
  { id: 63, name: "FailedCheckin" },
  { id: 64, name: "VisitorDeleted" },
  { id: 65, name: "CoworkerInvoiceLedgerEntryCreate" },
  { id: 66, name: "CoworkerInvoiceLedgerEntryDelete" },
  { id: 67, name: "CoworkerInvoiceLedgerEntryUpdate" },
  { id: 68, name: "CoworkerProductCreate" },
  { id: 69, name: "CoworkerProductUpdate" },
  { id: 70, name: "CoworkerProductDelete" },
  { id: 71, name: "FloorPlanDeskCreate" },
  { id: 72, name: "FloorPlanDeskDelete" },
  { id: 73, name: "FloorPlanDeskUpdate" },
  { id: 74, name: "TariffCreate" },
  { id: 75, name: "TariffDelete" },
  { id: 76, name: "TariffUpdate" },
  { id: 77, name: "CoworkerContractDelete" },
  { id: 78, name: "FloorPlanCreate" },
  { id: 79, name: "FloorPlanDelete" },
  { id: 80, name: "FloorPlanUpdate" },
  { id: 81, name: "ProductCreate" },
  { id: 82, name: "ProductDelete" },
  { id: 83, name: "ProductUpdate" },
  { id: 84, name: "BusinessUpdate" },
  { id: 85, name: "CommunityGroupCreate" },
  { id: 86, name: "CommunityGroupDelete" },
  { id: 87, name: "CommunityGroupUpdate" },
  { id: 88, name: "CoworkerPaymentMethodCreate" },
  { id: 89, name: "CoworkerPaymentMethodDelete" },
  { id: 90, name: "CoworkerPaymentMethodUpdate" },
] as const;

/** One member of the action enum. */
export type Action = (typeof ACTIONS)[number];
/** A valid action id (1–90). */
export type ActionId = Action["id"];

const BY_ID: ReadonlyMap<number, Action> = new Map(ACTIONS.map((a) => [a.id, a]));

/** The enum name of an action id, or `Action <id>` for an id outside the published enum. */
export function actionName(id: number): string {
  return BY_ID.get(id)?.name ?? `Action ${id}`;
}

/** The action with this id, if the enum has it. */
export function actionById(id: number): Action | undefined {
  return BY_ID.get(id);
}
