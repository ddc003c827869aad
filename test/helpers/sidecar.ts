// The shape of a `.keys.json` sidecar's key: what a real server reported for each key of a fixture it loaded.

export interface SidecarKey {
  db: number;
  /** base64 */
  key: string;
  type: string;
  pexpiretime: number;
  value?: string;
  elements?: string[];
  members?: Array<string | { member: string; score: string }>;
  /** pexpiretime per field where the server has hash-field TTLs (7.4+). */
  fields?: Array<{ field: string; value: string; pexpiretime?: number }>;
  xinfo?: Record<string, unknown> & { length?: number; 'last-generated-id'?: string };
}
