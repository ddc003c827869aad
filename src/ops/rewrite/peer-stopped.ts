// The error of a sharded rewrite whose second thread stopped after its replay (while its keys were being merged in).

/**
 * Thrown to the output's writer when the second thread ends before it has handed over all its keys (out of
 * memory, killed): the output is dropped, and one replay (--threads 1) is the way on. Its own module, so the
 * CLI's error messages know it without loading the rewrite.
 */
export class PeerStopped extends Error {
  constructor(
    readonly input: string,
    readonly why: string,
  ) {
    super(`${input}: the rewrite's second thread stopped while its keys were being written (${why})`);
  }
}
