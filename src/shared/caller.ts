/** Who is asking, as far as limits care. */
export interface Caller {
  ip: string;
}
