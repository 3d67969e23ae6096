import { builder } from '../builder.ts';
import './server-info.ts';

export const schema = builder.toSchema({ sortSchema: true });
