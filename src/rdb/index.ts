// Public surface of the RDB layer: the streaming reader, DUMP payload decoders, byte sources, CRC-64 and LZF.

export { bufferSource, openFileSource, type ByteSource } from './byte-source.js';
export { crc64, Crc64 } from './crc64.js';
export { lzfDecompress, lzfValid } from './lzf.js';
export { checkRdb, readRdb, type ReadRdbOptions, type RdbCheckIterator, type RdbRecordIterator } from './reader.js';
export { decodeDumpPayload, decodeFunctionDump } from './dump.js';
export { moduleNameById, moduleEncodingVersion } from './module.js';
export { RDB_TYPE_NAMES } from './values.js';
export { RDB_MAX_VERSION } from './constants.js';
export type { RdbProblemCode } from './problem.js';
export type * from './types.js';
