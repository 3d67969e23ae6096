/** Kazakhstan's working-day calendar and deadlines; sandbox-safe (see each module). */
export * from './almaty-time.ts';
export * from './deadline.ts';
export * from './kz-calendar-years.ts';
export * from './kz-holidays.ts';
export * from './working-days.ts';
