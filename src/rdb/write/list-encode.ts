// Lists as the server lays them out when items are pushed one by one: quicklist nodes of listpacks (ziplists in RDB 9).

import { QUICKLIST_NODE_CONTAINER_PACKED, QUICKLIST_NODE_CONTAINER_PLAIN } from '../constants.js';
import type { CompactBuilder, EncodeContext } from './encode-context.js';
import type { Sized } from './model.js';
import { writeLength } from './primitives.js';
import { reason, type WriteReason } from './refusal.js';

/** quicklist.c optimization_level: node byte limits for fill -1 … -5. */
const SIZE_LEVELS = [4096, 8192, 16384, 32768, 65536];
/** SIZE_SAFETY_LIMIT: the byte cap of count-limited (positive fill) nodes. */
const SAFETY_LIMIT = 8192;
/** The 7.x quicklist's estimate of one listpack entry's overhead (SIZE_ESTIMATE_OVERHEAD). */
const ENTRY_OVERHEAD = 8;
/** Items this large get a plain node in 7.0 and 7.2 (packed_threshold). */
const GIGABYTE = 1 << 30;

/** A node: a finished listpack/ziplist (a copy), or one item stored plain. */
interface ListNode {
  readonly plain: boolean;
  readonly bytes: Buffer;
}

/** The node byte limit of a negative fill (fills below -5 take the last level). */
function sizeLevel(fill: number): number {
  return SIZE_LEVELS[Math.min(-fill, SIZE_LEVELS.length) - 1]!;
}

/** quicklistNodeExceedsLimit for list-max-listpack-size `fill`. */
function exceeds(fill: number, bytes: number, count: number): boolean {
  if (fill < 0) return bytes > sizeLevel(fill);
  return bytes > SAFETY_LIMIT || count > (fill === 0 ? 1 : fill);
}

/** The bytes 6.2's _quicklistNodeAllowInsert adds for an item of `sz` bytes in a ziplist. */
function ziplistOverhead(sz: number): number {
  return (sz < 254 ? 1 : 5) + (sz < 64 ? 1 : sz < 16384 ? 2 : 5);
}

/**
 * Splits `items` into nodes the way quicklistPushTail does on each push (and, from 7.2, the way a
 * listpack-encoded list grows until it must become a quicklist), so the loaded list has the nodes, and
 * the OBJECT ENCODING, that the server gives the same pushes.
 */
function buildNodes(items: Iterable<Buffer>, ctx: EncodeContext): ListNode[] {
  const { format } = ctx;
  const fill = ctx.limits.listMaxListpackSize;
  const ziplist = format.compact === 'ziplist';
  // Items past this get a plain node (isLargeElement); 6.2's ziplist quicklists have none.
  const plainLimit = ziplist ? Infinity : format.plainNodes === 'over-1gb' ? GIGABYTE - 1 : fill < 0 ? sizeLevel(fill) : SAFETY_LIMIT;
  const nodes: ListNode[] = [];
  let node: CompactBuilder | null = ctx.compact();
  // 7.2+: the list is one listpack until a push would take it past the limit (listTypeTryConvertListpack).
  let listpackStage = format.listpackLists;
  // Takes and returns the node (always null) so the caller's assignment keeps `node`'s type honest.
  const close = (open: CompactBuilder | null): null => {
    if (open !== null && open.count > 0) nodes.push({ plain: false, bytes: Buffer.from(open.finish()) });
    return null;
  };
  for (const item of items) {
    const sz = item.length;
    if (listpackStage && node !== null) {
      if (!exceeds(fill, node.bytes + sz, node.count + 1)) {
        node.appendString(item);
        continue;
      }
      listpackStage = false;
    }
    if (sz > plainLimit) {
      node = close(node);
      nodes.push({ plain: true, bytes: item });
      continue;
    }
    const grown = node === null ? Infinity : node.bytes + sz + (ziplist ? ziplistOverhead(sz) : ENTRY_OVERHEAD);
    // 6.2 and 7.x agree here: a size-limited fill compares bytes only, a count-limited one both.
    if (node === null || exceeds(fill, grown, node.count + 1)) {
      node = close(node);
      node = ctx.compact();
    }
    node.appendString(item);
  }
  close(node);
  return nodes;
}

export function encodeList(items: Sized<Buffer>, ctx: EncodeContext): WriteReason | null {
  if (items.length === 0) return reason('empty-collection', 'an empty list (Redis never saves one and skips it on load); delete the key instead');
  const nodes = buildNodes(items, ctx);
  ctx.startKey(ctx.format.listType);
  writeLength(ctx.out, nodes.length);
  const containers = ctx.format.compact === 'listpack';
  for (const n of nodes) {
    if (containers) writeLength(ctx.out, n.plain ? QUICKLIST_NODE_CONTAINER_PLAIN : QUICKLIST_NODE_CONTAINER_PACKED);
    ctx.string(n.bytes);
  }
  return null;
}
