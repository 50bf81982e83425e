// A command line on a real pseudo-terminal (util-linux `script`), with `input` typed into the
// terminal before the command starts: the terminal keeps it until something opens /dev/tty and
// reads a line, exactly as if a person typed it. The transcript is what the person saw.
//
// Why not spawnSync('script', …, { input }): when its own standard input ends, script (2.38)
// waits up to 2 s, in steps of 250 ms, for the terminal's input to be read before it passes the
// end of input on, and meanwhile neither copies output nor notices that the command ended. A
// command that never reads (the tests where no question may be asked) then cost 2 s each, one
// that reads up to 250 ms. So input that was typed stays open (a person who typed an answer and
// did not press Ctrl-D) until the command ends; empty input is the end of input at once (nobody
// answers: the reader gets end of file).
import { spawn } from 'node:child_process';

export interface PtyResult {
  code: number;
  /** Everything the terminal showed, with the terminal's \r\n as \n. */
  screen: string;
}

export function onPty(command: string, opts: { cwd: string; env: NodeJS.ProcessEnv; input: string; timeout?: number }): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
    });
    // script may be gone before we close its input: a broken pipe here is not the test's concern.
    child.stdin.on('error', () => {});
    child.stdin.write(opts.input);
    if (opts.input === '') child.stdin.end();
    // A command that waits for more input than was typed would wait for ever: fail instead.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out on a terminal: ${command}; it showed:\n${out}`));
    }, opts.timeout ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: code ?? -1, screen: out.replace(/\r\n/g, '\n') });
    });
  });
}
