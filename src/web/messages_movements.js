// Messages of the pages for movements and registrations: Vietnamese and English.
export const messages = {
  vi: {
  },
  en: {
  },
};
