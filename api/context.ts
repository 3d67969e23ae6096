import type { Client } from '@temporalio/client';
import type { Config } from '../lib/config.ts';
import type { PrismaClient } from '../lib/db/client.ts';

export interface Context {
  prisma: PrismaClient;
  temporal: Client;
  config: Config;
}
