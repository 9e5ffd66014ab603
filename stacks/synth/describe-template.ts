/*
 * `npm run synth`'s report: what a deploy would create, read from the synthesized template. Intrinsics are
 * written the way CloudFormation resolves them (`SlackApi.ApiEndpoint`), so the report reads without AWS.
 */

// biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped; this only walks it.
type Json = any;

/** An intrinsic or a literal as one short text: `{Ref X}` → `X`, GetAtt → `X.Attr`, Join → concatenated. */
export function showValue(value: Json): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.map(showValue).join(", ");
  if ("Ref" in value) return String(value.Ref);
  if ("Fn::GetAtt" in value) {
    const [id, attr] = value["Fn::GetAtt"] as [string, string];
    return `${id}.${attr}`;
  }
  if ("Fn::Join" in value) {
    const [sep, parts] = value["Fn::Join"] as [string, Json[]];
    return parts.map(showValue).join(sep);
  }
  if ("Fn::Sub" in value)
    return String(Array.isArray(value["Fn::Sub"]) ? value["Fn::Sub"][0] : value["Fn::Sub"]);
  return JSON.stringify(value);
}

const list = (value: Json): Json[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The statements of every policy attached to `roleId`: inline and AWS::IAM::Policy. */
function statementsOf(resources: Record<string, Json>, roleId: string, role: Json): Json[] {
  const inline = list(role.Properties?.Policies).flatMap((p: Json) => list(p.PolicyDocument?.Statement));
  const attached = Object.values(resources)
    .filter(
      (r: Json) =>
        r.Type === "AWS::IAM::Policy" && list(r.Properties?.Roles).some((x: Json) => x?.Ref === roleId),
    )
    .flatMap((r: Json) => list(r.Properties.PolicyDocument?.Statement));
  return [...inline, ...attached];
}

/** The report: resources by type, each function's limits, each role's grants, and the outputs. */
export function describeTemplate(template: Json, heading: string): string {
  const resources: Record<string, Json> = template.Resources ?? {};
  const lines: string[] = [heading, ""];

  const byType = new Map<string, string[]>();
  for (const [id, r] of Object.entries(resources)) byType.set(r.Type, [...(byType.get(r.Type) ?? []), id]);
  lines.push(`Resources (${Object.keys(resources).length})`);
  for (const [type, ids] of [...byType].sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${type}  ${ids.sort().join(", ")}`);

  lines.push("", "Functions");
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== "AWS::Lambda::Function") continue;
    const p = r.Properties ?? {};
    const reserved = p.ReservedConcurrentExecutions;
    const runtime = [p.Runtime, ...list(p.Architectures)].filter(Boolean).join(" ");
    const limits = `${p.MemorySize} MB, ${p.Timeout} s${reserved !== undefined ? `, reserved concurrency ${reserved}` : ""}`;
    lines.push(`  ${id}: ${runtime} ${limits}`);
  }

  lines.push("", "Roles");
  for (const [id, role] of Object.entries(resources)) {
    if (role.Type !== "AWS::IAM::Role") continue;
    const principals = list(role.Properties?.AssumeRolePolicyDocument?.Statement)
      .flatMap((s: Json) => list(s.Principal?.Service))
      .map(showValue);
    lines.push(`  ${id} (assumed by ${principals.join(", ") || "an account principal"})`);
    for (const arn of list(role.Properties?.ManagedPolicyArns))
      lines.push(`    managed: ${showValue(arn).replace(/^.*:policy\//, "")}`);
    for (const s of statementsOf(resources, id, role))
      lines.push(
        `    ${s.Effect}: ${list(s.Action).join(", ")} on ${list(s.Resource).map(showValue).join(", ")}`,
      );
  }

  lines.push("", "Outputs");
  for (const [name, output] of Object.entries((template.Outputs ?? {}) as Record<string, Json>))
    lines.push(`  ${name}: ${showValue(output.Value)}`);
  return lines.join("\n");
}
