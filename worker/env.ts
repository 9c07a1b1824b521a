import type { AuthContext } from "./auth/middleware";

export type Bindings = Env;

export interface Variables {
  requestId: string;
  auth: AuthContext;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}

declare global {
  /** Set only during a JWT_SECRET rotation (docs/operations.md): the old secret, accepted for verification. */
  interface Env {
    JWT_SECRET_PREVIOUS?: string;
    /** "1" only in the benchmark: rooms measure where their time goes (worker/auction/room-timings.ts). */
    ROOM_TIMINGS?: string;
  }
}
