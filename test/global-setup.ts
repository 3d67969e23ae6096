// Placeholder: replaced by the real global setup (Temporal dev server + PostgreSQL database).
export default async function setup(): Promise<void> {}
