// The indicators pages (being built).
export const indicatorsSection = {
  route: () => null,
  nav: () => [],
};
