// The commands a rewrite emits for a stream: Redis 7.0's rewriteStreamObject, plus what keeps PEL entries of deleted IDs.
import { MIN_ID, idToBuffer, type EntryId } from './stream-id.js';
import { compareIds } from './stream-group.js';
import type { StreamValue } from './stream.js';
import { AOF_REWRITE_ITEMS_PER_CMD, batched } from '../core/emit-batches.js';

const XADD = Buffer.from('XADD');
const XSETID = Buffer.from('XSETID');
const XGROUP = Buffer.from('XGROUP');
const XCLAIM = Buffer.from('XCLAIM');
const XTRIM = Buffer.from('XTRIM');
const CREATE = Buffer.from('CREATE');
const CREATECONSUMER = Buffer.from('CREATECONSUMER');
const ENTRIESADDED = Buffer.from('ENTRIESADDED');
const MAXDELETEDID = Buffer.from('MAXDELETEDID');
const ENTRIESREAD = Buffer.from('ENTRIESREAD');
const MAXLEN = Buffer.from('MAXLEN');
const TIME = Buffer.from('TIME');
const RETRYCOUNT = Buffer.from('RETRYCOUNT');
const JUSTID = Buffer.from('JUSTID');
const FORCE = Buffer.from('FORCE');
/** The empty-stream trick: `XADD key MAXLEN 0 0-1 x y` creates the key and leaves it empty. */
const EMPTY_STREAM_TAIL = ['MAXLEN', '0', '0-1', 'x', 'y'].map((s) => Buffer.from(s));
const ZERO = Buffer.from('0');
const MIN_ID_ARG = Buffer.from('0-0');
/** A ghost entry's one field and value: the smallest XADD accepts, since the entry is removed again. */
const GHOST_FIELDS = [Buffer.alloc(0), Buffer.alloc(0)];

function decimal(n: bigint): Buffer {
  return Buffer.from(n.toString(), 'latin1');
}

/**
 * Emits, in Redis's order: one XADD per live entry (or the MAXLEN 0 trick), XSETID with last ID,
 * entries-added and max-deleted ID, then per group (byte order) XGROUP CREATE … ENTRIESREAD, and per
 * consumer (byte order) XGROUP CREATECONSUMER when its PEL is empty, else one XCLAIM … JUSTID FORCE per
 * PEL entry in ID order. recorded-first-entry-id and lag come back exactly: XADD in ID order restores the
 * first ID, XSETID last ID, entries-added and max-deleted ID, and XGROUP CREATE the read counter lag
 * derives from. Consumers' seen-time becomes the load time.
 *
 * Redis's own rewrite loses PEL entries whose stream entry was deleted or trimmed ("ghosts"): XCLAIM
 * skips IDs the stream lacks (redis/redis#15729), and a consumer owning only such entries is not
 * recreated. A stream with ghosts is emitted by emitWithGhosts instead; one without is emitted as above.
 */
export function* rewriteStream(key: Buffer, value: StreamValue): Generator<Buffer[]> {
  const ghosts = ghostIds(value);
  if (ghosts.length > 0) {
    yield* rewriteWithGhosts(key, value, ghosts);
    return;
  }
  if (value.length === 0) {
    yield [XADD, key, ...EMPTY_STREAM_TAIL];
  } else {
    for (const entry of value.entries) yield [XADD, key, idToBuffer(entry.id), ...entry.fields];
  }
  yield* setIdRewrite(key, value);
  yield* groupRewrite(key, value, AS_REDIS);
}

/** PEL IDs, over all groups, whose stream entry no longer exists; ascending, each once. */
function ghostIds(value: StreamValue): EntryId[] {
  const ids = new Set<EntryId>();
  for (const group of value.groups()) {
    for (const id of group.pending.keys()) if (!value.entries.has(id)) ids.add(id);
  }
  return [...ids].sort(compareIds);
}

/**
 * Ghosts are XADDed (empty field and value) so the XCLAIMs that need them succeed, then removed before
 * XSETID, which comes last so that last ID, entries-added and max-deleted ID end as recorded whatever
 * the ghosts did to them (XSETID only checks its ID against the live top item, xsetidCommand).
 * Removal must also leave max-deleted ID as it was, since XSETID cannot set it back to 0-0:
 * - XDEL raises it (xdelCommand), harmless when it is not 0-0; the ghosts go in ID order among the live
 *   entries and one XDEL (batched by 64) removes them;
 * - otherwise XTRIM, which never touches it (streamTrim), and can only drop the head: ghosts first with
 *   their XCLAIMs, `XTRIM key MAXLEN 0`, then `XSETID key 0-0` when a live entry lies below a ghost (XADD
 *   wants IDs above the last ID; an empty stream accepts any XSETID), the live entries and their XCLAIMs.
 * XDEL and XTRIM both re-find the first live entry (or 0-0), which is what recorded-first-entry-id holds.
 * To pay for the ghosts, a consumer's consecutive PEL entries of equal delivery time and count share one
 * XCLAIM (up to 64 IDs, as aof.c batches variadic commands).
 */
function* rewriteWithGhosts(key: Buffer, value: StreamValue, ghosts: readonly EntryId[]): Generator<Buffer[]> {
  const firstLive = value.entries.first()?.id;
  const liveBelowGhost = firstLive !== undefined && firstLive < ghosts[ghosts.length - 1]!;
  if (liveBelowGhost && value.maxDeletedId !== MIN_ID) {
    let g = 0;
    for (const entry of value.entries) {
      for (; g < ghosts.length && ghosts[g]! < entry.id; g++) yield* ghostRewrite(key, ghosts[g]!);
      yield [XADD, key, idToBuffer(entry.id), ...entry.fields];
    }
    for (; g < ghosts.length; g++) yield* ghostRewrite(key, ghosts[g]!);
    yield* groupRewrite(key, value, { create: true, claim: () => true, idsPerClaim: AOF_REWRITE_ITEMS_PER_CMD });
    yield* batched(
      'XDEL',
      key,
      ghosts.map((id) => [idToBuffer(id)]),
    );
  } else {
    const isGhost = (id: EntryId): boolean => !value.entries.has(id);
    for (const id of ghosts) yield* ghostRewrite(key, id);
    yield* groupRewrite(key, value, { create: true, claim: isGhost, idsPerClaim: AOF_REWRITE_ITEMS_PER_CMD });
    yield [XTRIM, key, MAXLEN, ZERO];
    if (liveBelowGhost) yield [XSETID, key, MIN_ID_ARG];
    for (const entry of value.entries) yield [XADD, key, idToBuffer(entry.id), ...entry.fields];
    yield* groupRewrite(key, value, { create: false, claim: (id) => !isGhost(id), idsPerClaim: AOF_REWRITE_ITEMS_PER_CMD });
  }
  yield* setIdRewrite(key, value);
}

function* ghostRewrite(key: Buffer, id: EntryId): Generator<Buffer[]> {
  yield [XADD, key, idToBuffer(id), ...GHOST_FIELDS];
}

function* setIdRewrite(key: Buffer, value: StreamValue): Generator<Buffer[]> {
  // XDEL of the top entry then a lower XSETID leaves max-deleted ID above the last ID, which one XSETID
  // refuses to restore (xsetidCommand); set both at the max-deleted ID, then lower the last ID alone.
  const lastId = value.maxDeletedId > value.lastId ? value.maxDeletedId : value.lastId;
  yield [XSETID, key, idToBuffer(lastId), ENTRIESADDED, decimal(value.entriesAdded), MAXDELETEDID, idToBuffer(value.maxDeletedId)];
  if (lastId !== value.lastId) yield [XSETID, key, idToBuffer(value.lastId)];
}

/** What emitGroups emits: group and empty-consumer creation, which PEL entries, how many IDs per XCLAIM. */
interface GroupEmission {
  readonly create: boolean;
  readonly claim: (id: EntryId) => boolean;
  /** 1 as rewriteStreamObject writes; more joins a consumer's consecutive entries of equal time and count. */
  readonly idsPerClaim: number;
}

const AS_REDIS: GroupEmission = { create: true, claim: () => true, idsPerClaim: 1 };

/**
 * Per group (byte order): XGROUP CREATE … ENTRIESREAD and XGROUP CREATECONSUMER for consumers with an
 * empty PEL when `create`; per consumer (byte order), the PEL entries `claim` selects, in ID order, as
 * XCLAIM … TIME … RETRYCOUNT … JUSTID FORCE. One XCLAIM may carry several IDs because xclaimCommand gives
 * every ID it creates the same TIME and RETRYCOUNT.
 */
function* groupRewrite(key: Buffer, value: StreamValue, how: GroupEmission): Generator<Buffer[]> {
  for (const group of value.groups()) {
    if (how.create) yield [XGROUP, CREATE, key, group.name, idToBuffer(group.lastId), ENTRIESREAD, decimal(group.entriesRead)];
    for (const consumer of group.consumers()) {
      if (consumer.pending.size === 0) {
        if (how.create) yield [XGROUP, CREATECONSUMER, key, group.name, consumer.name];
        continue;
      }
      const entries = [...consumer.pending.keys()]
        .filter(how.claim)
        .sort(compareIds)
        .map((id) => consumer.pending.get(id)!);
      for (let i = 0; i < entries.length;) {
        const first = entries[i]!;
        const ids: Buffer[] = [];
        for (; i < entries.length && ids.length < how.idsPerClaim; i++) {
          const entry = entries[i]!;
          if (entry.deliveryTimeMs !== first.deliveryTimeMs || entry.deliveryCount !== first.deliveryCount) break;
          ids.push(idToBuffer(entry.id));
        }
        yield [
          XCLAIM,
          key,
          group.name,
          consumer.name,
          ZERO,
          ...ids,
          TIME,
          decimal(first.deliveryTimeMs),
          RETRYCOUNT,
          decimal(first.deliveryCount),
          JUSTID,
          FORCE,
        ];
      }
    }
  }
}
