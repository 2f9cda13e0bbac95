// The movements pages (being built).
export const movementsSection = {
  route: () => null,
  nav: () => [],
};
