// Messages of the pages for exemplary models, reviews, compilations and their statistics: Vietnamese and English.
export const messages = {
  vi: {
  },
  en: {
  },
};
