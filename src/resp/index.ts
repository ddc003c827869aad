// Public surface of the RESP layer: bytes in, frames with offsets out.
export * from './frame.js';
export { RespReader, type KeepArgs, type RespReaderOptions } from './reader.js';
export { ReusedArgs } from './reused-args.js';
export { encodeCommand, RespWriter } from './encode.js';
export { WriteQueue, type ByteSink } from './write-queue.js';
export { parseCLong, toCInt } from './c-number.js';
export { equalsIgnoreCase, lowerName } from './ascii.js';
