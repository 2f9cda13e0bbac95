// The sections of the UI beyond clusters, ballots and awards. Each module
// exports a section: route(hash) gives the function that renders the page
// the hash names (page, app) or null, and nav(user, hash) the links it adds
// to the header ([{href, label, current}]) for that user.
import { movementsSection } from './movements.js';
import { modelsSection } from './models.js';
import { indicatorsSection } from './indicators.js';
import { adminSection } from './admin.js';
import { peopleSection } from './people.js';

export const sections = [movementsSection, modelsSection, indicatorsSection, peopleSection, adminSection];
