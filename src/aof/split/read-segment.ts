// Reads the commands of a file from a frame boundary to its end, into a SegmentLog (on whichever thread runs it).

import { RespReader } from '../../resp/index.js';
import { feedFile } from '../feed-file.js';
import { NameInterner } from '../names.js';
import { argsNeeded } from '../verdict/file-verdict.js';
import { CommandJudge, type JudgeOptions } from '../verdict/judge.js';
import { SegmentRecorder, type SegmentLog } from './segment-log.js';

export interface SegmentJob {
  readonly path: string;
  /** Where the segment starts: the `*` of a command (see findFrameStart). */
  readonly from: number;
  /** The file's size: reading ends there, and a bulk longer than what is left is refused, as in one pass. */
  readonly size: number;
  readonly judge: JudgeOptions;
  /** Events a log may hold before the reading stops (memory stays flat, whatever the file holds). */
  readonly maxEvents: number;
}

/** The log of the segment; `progress` gets the bytes read so far. */
export async function readSegment(job: SegmentJob, progress: (done: number) => void): Promise<SegmentLog> {
  const judge = new CommandJudge(job.path, job.judge);
  const recorder = new SegmentRecorder(job.from, judge, job.maxEvents);
  const names = new NameInterner();
  let name = '';
  const reader: RespReader = new RespReader(
    {
      command(frame) {
        if (!recorder.command(frame, name)) reader.stop();
      },
      repeats: (count, end) => recorder.repeats(count, end),
      annotation(frame) {
        recorder.annotation(frame.start, frame.end, frame.line);
      },
      problem(p) {
        recorder.problem(p);
      },
    },
    {
      offset: job.from,
      size: job.size,
      line: 1,
      // The arguments the verdict reads, as when the file is read in one pass.
      keepArgs: (source, start, end) => argsNeeded((name = names.intern(source, start, end)), judge),
    },
  );
  await feedFile(job.path, job.from, job.size, reader, {}, (position) => {
    progress(position - job.from);
  });
  reader.end();
  return recorder.finish(reader.lineNumber);
}
