// inspect's visitor of the second part of a large file, on the worker thread of a split reading (see SegmentVisitorPlan).

import type { SegmentVisitor } from '../../aof/split/segment-visitor.js';
import { InspectTally, type TallyOptions, type TallyPart } from './tally.js';

export function segmentVisitor(config: TallyOptions): SegmentVisitor {
  const tally = new InspectTally(config, true);
  return {
    keepArgs: (name) => tally.keepArgs(name),
    command: (frame, name, db, path) => {
      tally.command(frame, name, db, path);
    },
    annotation: (text) => {
      tally.annotation(text);
    },
    finish: (): TallyPart => tally.part(),
  };
}
