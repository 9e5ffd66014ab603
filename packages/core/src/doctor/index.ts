// The setup check (`/webhooks doctor`): its runner and checks, and the ports functions implement.
export { type AwsAnswer, type AwsDoctorPort, checkAws } from "./aws-checks";
export type { CheckArea, DoctorReport } from "./check-result";
export { recordExchanges } from "./exchange-recorder";
export { formatDoctorText } from "./format-doctor-text";
export { checkNexudus } from "./nexudus-checks";
export { type DoctorRunner, runDoctor } from "./run-doctor";
export type { SlackAnswer, SlackDoctorPort } from "./slack-checks";
