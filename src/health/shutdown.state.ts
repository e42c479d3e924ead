import { Injectable } from '@nestjs/common';

/** Set on SIGTERM so readiness fails before the server stops accepting connections. */
@Injectable()
export class ShutdownState {
  shuttingDown = false;
}
