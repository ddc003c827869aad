// RDB opcodes, value type bytes and encodings, as numbered in Redis 7.4's rdb.h (the file format, not Redis internals).

/**
 * Highest Redis RDB version this reader understands: 12, written by Redis 7.4 through 8.4. Redis 8.6 writes
 * 13 (new stream and key-metadata layouts), which it reports as written by a newer server
 * (docs/rdb-formats.md).
 */
export const RDB_MAX_VERSION = 12;
/** Valkey 9.0 writes `VALKEY080`; Valkey numbers from 80 and keeps 12–79 for other forks' formats. */
export const VALKEY_MIN_VERSION = 80;
/** Highest Valkey RDB version understood: 80 (9.0). 81 (9.2) adds a path-hash type this reader does not know. */
export const VALKEY_MAX_VERSION = 80;

// Opcodes that may appear where a value type byte is expected (rdbLoadRioWithLoadingCtx).
export const VALKEY_OPCODE_SLOT_IMPORT = 243; // 0xF3, Valkey 9: a slot import job in progress (cluster mode)
export const RDB_OPCODE_SLOT_INFO = 244; // 0xF4, cluster slot sizes (7.4+)
export const RDB_OPCODE_FUNCTION2 = 245; // 0xF5, a function library's code (7.0 GA and later)
export const RDB_OPCODE_FUNCTION_PRE_GA = 246; // 0xF6, name/engine/description/code of 7.0-rc1 and rc2
export const RDB_OPCODE_MODULE_AUX = 247; // 0xF7, module data outside the keyspace
export const RDB_OPCODE_IDLE = 248; // 0xF8, LRU idle seconds of the next key
export const RDB_OPCODE_FREQ = 249; // 0xF9, LFU counter of the next key
export const RDB_OPCODE_AUX = 250; // 0xFA, string/string metadata
export const RDB_OPCODE_RESIZEDB = 251; // 0xFB, db and expires sizes
export const RDB_OPCODE_EXPIRETIME_MS = 252; // 0xFC, absolute ms expiry of the next key
export const RDB_OPCODE_EXPIRETIME = 253; // 0xFD, absolute seconds expiry (RDB < 3)
export const RDB_OPCODE_SELECTDB = 254; // 0xFE
export const RDB_OPCODE_EOF = 255; // 0xFF, followed by the 8-byte checksum from RDB 5

// Value types (rdb.h RDB_TYPE_*).
export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1; // linked list of strings (before 3.2)
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3; // scores as length-prefixed text
export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_ZSET_2 = 5; // scores as binary little-endian doubles (RDB 8+)
export const RDB_TYPE_MODULE_PRE_GA = 6; // 4.0 release candidates, refused by Redis
export const RDB_TYPE_MODULE_2 = 7;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14; // quicklist of ziplists (3.2 to 6.2)
export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18; // quicklist of listpacks or plain nodes (7.0+)
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;
export const RDB_TYPE_SET_LISTPACK = 20;
export const RDB_TYPE_STREAM_LISTPACKS_3 = 21;
export const RDB_TYPE_HASH_METADATA_PRE_GA = 22; // hash with field TTLs, absolute (7.4 RC)
export const RDB_TYPE_HASH_LISTPACK_EX_PRE_GA = 23; // listpack hash with field TTLs (7.4 RC)
export const RDB_TYPE_HASH_METADATA = 24; // hash with field TTLs relative to a minimum (7.4)
export const RDB_TYPE_HASH_LISTPACK_EX = 25; // listpack hash with field TTLs (7.4)

/**
 * Valkey 9 gives type 22 its own meaning (a hash with per-field expiry) and treats 23–243 as foreign. The
 * walk maps a Valkey file's raw type byte to these codes, which no byte can hold, so one switch serves both.
 */
export const VALKEY_TYPE_HASH_2 = 0x100 + 22;

// The two top bits of a length byte (rdbLoadLenByRef).
export const RDB_6BITLEN = 0;
export const RDB_14BITLEN = 1;
export const RDB_32BITLEN = 0x80;
export const RDB_64BITLEN = 0x81;
export const RDB_ENCVAL = 3;

// Special string encodings after an RDB_ENCVAL length byte.
export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

// Typed fields of a module value (rdbLoadCheckModuleValue).
export const RDB_MODULE_OPCODE_EOF = 0;
export const RDB_MODULE_OPCODE_SINT = 1;
export const RDB_MODULE_OPCODE_UINT = 2;
export const RDB_MODULE_OPCODE_FLOAT = 3;
export const RDB_MODULE_OPCODE_DOUBLE = 4;
export const RDB_MODULE_OPCODE_STRING = 5;

// Quicklist v2 node containers (quicklist.h).
export const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
export const QUICKLIST_NODE_CONTAINER_PACKED = 2;
