export {
  searchTerms,
  textsOf,
  SearchQuerySchema,
  MAX_DOCUMENT_TERMS,
  MAX_QUERY_LENGTH,
  MAX_TERM_LENGTH,
} from './search-terms';
export type { SearchQuery } from './search-terms';
