// The asset groups for the header's selector: GET /api/v1/groups; while a
// server has no such route, the groups named by the summary's rows.
import { get } from './api.js';

export const groups = $state({ items: [], loaded: false });

export async function loadGroups() {
  try {
    const answer = await get('/api/v1/groups');
    groups.items = answer.items.map((g) => ({ name: g.name, description: g.description || '' }));
  } catch {
    try {
      const summary = await get('/api/v1/summary');
      groups.items = (summary.group || []).map((g) => ({ name: g.key, description: '' }));
    } catch {
      groups.items = [];
    }
  }
  groups.loaded = true;
}
