// Asks a yes/no question on the terminal; Ctrl-C, Ctrl-D or anything but y/yes means no.

import { createInterface } from 'node:readline';

/** Resolves true only for an answer starting with y; false on Ctrl-C (SIGINT), Ctrl-D (end of input) or any other answer. */
export function confirm(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let done = false;
    const finish = (answer: boolean) => {
      if (done) return;
      done = true;
      rl.close();
      if (!answer) process.stderr.write('\n');
      resolve(answer);
    };
    rl.on('SIGINT', () => {
      finish(false);
    });
    rl.on('close', () => {
      finish(false);
    });
    rl.question(question, (answer) => {
      finish(/^y/i.test(answer.trim()));
    });
  });
}
