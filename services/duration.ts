/**
 * Service definitions name deadlines as ISO-8601 durations; the parser lives in lib/ so workflow
 * code and the working-day calendar (lib/calendar) read durations the same way.
 */
export { durationToMs, InvalidDuration, isDuration } from '../lib/iso-duration.ts';
