// Public surface of the RDB writer: the writer, its value model, target formats, refusals and outputs.

export { RdbWriter, type RdbHeaderOptions, type RdbWriterOptions, type RdbWriteSummary } from './writer.js';
export type * from './model.js';
export { DEFAULT_LIMITS, RDB_WRITE_VERSIONS, rdbFormat, type EncodingLimits, type PlainNodes, type RdbFormat, type RdbWriteVersion } from './format.js';
export type { RdbWriteProblemCode, RdbWriteRefusal } from './refusal.js';
export type { ChunkConsumer, ChunkWriterOptions } from './chunk-writer.js';
export { fdConsumer, MemoryOutput, StreamOutput } from './outputs.js';
export { lzfCompress } from './lzf-compress.js';
export { mapOf, sized } from './sized.js';
