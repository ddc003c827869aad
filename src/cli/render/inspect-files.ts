// How inspect's renderers label a file's format and command count, read or not.
import type { InspectedFile } from '../../ops/inspect/report.js';
import { formatCount } from './format.js';

/** An unread file (history, missing) has no known format or count; a read one without a format held nothing. */
export function fileLabels(f: InspectedFile): { readonly format: string; readonly commands: string } {
  return { format: f.format ?? (f.read ? 'empty' : '—'), commands: f.read ? formatCount(f.commands) : '—' };
}
