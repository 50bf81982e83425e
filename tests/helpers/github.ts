// How the GitHub Actions runner reads a workflow command line, ported from actions/runner
// (src/Runner.Common/ActionCommand.cs, TryParseV2 + UnescapeProperty/UnescapeData), so tests can
// check what GitHub will show rather than how our escaping looks.

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

const PROPERTY_MAPPINGS: Array<[string, string]> = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  [':', '%3A'],
  [',', '%2C'],
  ['%', '%25'],
];
const DATA_MAPPINGS: Array<[string, string]> = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  ['%', '%25'],
];

function unescape(s: string, mappings: Array<[string, string]>): string {
  let out = s;
  for (const [token, replacement] of mappings) out = out.split(replacement).join(token);
  return out;
}

/** Parse one line as the runner does; undefined when it is not a workflow command. */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const prop of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = prop.indexOf('=');
      if (eq > 0 && eq < prop.length - 1) properties[prop.slice(0, eq)] = unescape(prop.slice(eq + 1), PROPERTY_MAPPINGS);
    }
  }
  return { command, properties, data: unescape(message.slice(end + 2), DATA_MAPPINGS) };
}

/** Every workflow command in a block of output (one per line). */
export function workflowCommands(output: string): WorkflowCommand[] {
  return output.split('\n').flatMap((l) => {
    const c = parseWorkflowCommand(l);
    return c ? [c] : [];
  });
}
