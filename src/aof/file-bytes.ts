// The bytes of one AOF file, however it is stored: straight from disk, or streamed out of a packed backup.

import { openFileSource, type ByteSource } from '../rdb/byte-source.js';
import type { AofFile } from './layout.js';
import { openMember } from './packed/archive.js';

/** A synchronous source over the file's bytes; a packed member reads best forward (see openMember). */
export function openFileBytes(file: AofFile): ByteSource {
  return file.packed ? openMember(file.packed, file.size ?? 0) : openFileSource(file.path);
}
