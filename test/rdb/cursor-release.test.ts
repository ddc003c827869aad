// Cursor.release: a second reader of a file source overwrites the scratch buffer its window may view.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../src/rdb/byte-source.js';
import { Cursor } from '../../src/rdb/cursor.js';
import { tempDir } from '../helpers/tmp.js';

describe('Cursor.release', () => {
  it('lets another cursor read the same file source, then reads on with the same bytes and checksum', () => {
    const path = join(tempDir(), 'bytes.bin');
    const bytes = Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37 + 11) & 0xff));
    writeFileSync(path, bytes);
    const source = openFileSource(path);
    const alone = new Cursor(openFileSource(path), 0, { windowSize: 64 });
    const shared = new Cursor(source, 0, { windowSize: 64 });
    const readBoth = (n: number) => {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < n; i++) {
        a.push(alone.u8());
        b.push(shared.u8());
      }
      expect(b).toEqual(a);
    };
    readBoth(20);
    shared.release();
    // Another reader of the same source, from the start, as a duplicate key's second reading does.
    const other = new Cursor(source, 100, { windowSize: 64 });
    for (let i = 0; i < 50; i++) other.u8();
    readBoth(150);
    expect(shared.checksum()).toBe(alone.checksum());
  });
});
