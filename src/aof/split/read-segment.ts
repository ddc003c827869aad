// Reads the commands of a file from a frame boundary to its end, into a SegmentLog (on whichever thread runs it).

import { commandArg, RespReader } from '../../resp/index.js';
import { feedFile } from '../feed-file.js';
import { NameInterner } from '../names.js';
import { argsNeeded } from '../verdict/file-verdict.js';
import { CommandJudge, type JudgeOptions } from '../verdict/judge.js';
import { selectTarget } from '../verdict/select.js';
import { SegmentRecorder, type SegmentLog } from './segment-log.js';
import { INHERITED_DB, makeSegmentVisitor, type SegmentVisitorSource } from './segment-visitor.js';

export interface SegmentJob {
  readonly path: string;
  /** Where the segment starts: the `*` of a command (see findFrameStart). */
  readonly from: number;
  /** The file's size: reading ends there, and a bulk longer than what is left is refused, as in one pass. */
  readonly size: number;
  /** Judge commands as the loader does (a check), or not (null: every well-formed command runs). */
  readonly judge: JudgeOptions | null;
  /** Events a log may hold before the reading stops (memory stays flat, whatever the file holds). */
  readonly maxEvents: number;
  /** A visitor of the segment's commands, whose findings come back with the log (log.visited). */
  readonly visitor?: SegmentVisitorSource;
  /** Hand the visitor kept arguments as offsets (RespReaderOptions.ranges), where no judge reads them. */
  readonly ranges?: boolean;
}

/** The log of the segment; `progress` gets the bytes read so far. */
export async function readSegment(job: SegmentJob, progress: (done: number) => void): Promise<SegmentLog> {
  const judge = job.judge === null ? null : new CommandJudge(job.path, job.judge);
  const recorder = new SegmentRecorder(job.from, judge, job.maxEvents);
  const visitor = job.visitor === undefined ? null : await makeSegmentVisitor(job.visitor);
  const names = new NameInterner();
  let name = '';
  // The database as the verdict moves it (SELECT, accepted or not, is judged alone), from an unknown start.
  let db = INHERITED_DB;
  const reader: RespReader = new RespReader(
    {
      command(frame) {
        const go = recorder.command(frame, name);
        // A command the server runs: on, or the last one of a full log (the rest is read in order).
        if (visitor !== null && (go || recorder.filled)) {
          if (name === 'select') db = selectTarget(commandArg(frame, 1)) ?? db;
          visitor.command(frame, name, db, job.path);
        }
        if (!go) reader.stop();
      },
      // A visitor wants every command: runs are taken whole only without one.
      repeats: visitor === null ? (count, end) => recorder.repeats(count, end) : undefined,
      annotation(frame) {
        recorder.annotation(frame.start, frame.end, frame.line);
        visitor?.annotation(frame.text);
      },
      problem(p) {
        recorder.problem(p);
      },
    },
    {
      offset: job.from,
      size: job.size,
      line: 1,
      // The arguments the verdict (and the visitor) reads, as when the file is read in one pass.
      keepArgs: (source, start, end) => {
        const need = argsNeeded((name = names.intern(source, start, end)), judge);
        return visitor === null ? need : Math.max(need, visitor.keepArgs(name));
      },
      ranges: job.ranges === true && judge === null,
      // The name as one shared Buffer per spelling, as in the first part's reading: no view per command.
      sharedName: (source, start, end) => names.writtenName(source, start, end),
    },
  );
  await feedFile(job.path, job.from, job.size, reader, {}, (position) => {
    progress(position - job.from);
  });
  reader.end();
  const log = recorder.finish(reader.lineNumber);
  return visitor === null ? log : { ...log, visited: visitor.finish() };
}
