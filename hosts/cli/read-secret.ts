import { createInterface } from "node:readline";

/**
 * Reads one secret line from stdin, so keys never appear in argv (shell history, `ps`). From a terminal the
 * typing is not echoed; from a pipe (`printenv KEY | aizoomdoc settings set-key`) the first line is taken.
 */
export async function readSecretLine(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  const terminal = input.isTTY === true;
  if (terminal) output.write(prompt);
  const lines = createInterface({ input, ...(terminal ? { output: muted(output), terminal: true } : {}) });
  try {
    for await (const line of lines) return line;
    return "";
  } finally {
    lines.close();
    if (terminal) output.write("\n");
  }
}

/** A stand-in output for readline that drops the echo of what is typed. */
function muted(output: NodeJS.WriteStream): NodeJS.WriteStream {
  return new Proxy(output, { get: (target, key) => (key === "write" ? () => true : Reflect.get(target, key)) });
}
