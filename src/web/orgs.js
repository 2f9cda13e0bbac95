// Names of organizations, fetched one by one (GET /orgs/{id}) the first
// time a page needs them and kept for the rest of the visit.
import { api } from './api.js';

const cache = new Map(); // id → Promise of the name

function fetchName(id) {
  if (!cache.has(id)) {
    cache.set(id, api('GET', `/orgs/${id}`).then((o) => o.name, (err) => {
      cache.delete(id);
      if (err.status === 404) return `#${id}`;
      throw err;
    }));
  }
  return cache.get(id);
}

// A Map id → name for the given ids.
export async function orgNames(ids) {
  const unique = [...new Set(ids)];
  const names = await Promise.all(unique.map(fetchName));
  return new Map(unique.map((id, i) => [id, names[i]]));
}
