// The models pages (being built).
export const modelsSection = {
  route: () => null,
  nav: () => [],
};
