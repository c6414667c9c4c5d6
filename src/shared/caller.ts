/** Who is asking, as far as limits care. */
export interface Caller {
  ip: string;
  /** As the client sent it; kept with the sessions it opens, so their owner can tell them apart. */
  userAgent?: string;
}
