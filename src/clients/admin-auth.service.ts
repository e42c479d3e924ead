import { Inject, Injectable } from '@nestjs/common';
import { digestsEqual, sha256Hex } from '../common/crypto/secret-hasher';
import { APP_CONFIG, type AppConfig } from '../config/app.config';

/** The admin token is held only as its SHA-256 and compared in constant time. */
@Injectable()
export class AdminAuthService {
  private readonly hash?: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.hash = config.adminToken ? sha256Hex(config.adminToken) : undefined;
  }

  get enabled(): boolean {
    return this.hash !== undefined;
  }

  verify(presented: string): boolean {
    return this.hash !== undefined && digestsEqual(sha256Hex(presented), this.hash);
  }
}
