// Messages of the pages for indicators, reports and their statistics: Vietnamese and English.
export const messages = {
  vi: {
  },
  en: {
  },
};
