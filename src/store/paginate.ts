/**
 * paginate
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { Page, Pagination } from './types.js';

/**
 * The largest `page_size` the mock accepts (inferred; Sentera's largest documented cap is 1000).
 *
 * @category Store
 */
export const MAX_PAGE_SIZE = 1000;

/**
 * Checks a {@link Pagination}: `page` >= 1 and 1 <= `page_size` <= {@link MAX_PAGE_SIZE}.
 */
export function checkPagination(pagination: Pagination): Result<Pagination> {
  const { page, page_size } = pagination;
  if (!Number.isInteger(page) || page < 1) {
    return fail(
      ErrorCode.INVALID_PAGINATION,
      `pagination.page must be 1 or more (pages are 1-based), got ${page}`,
      'pagination.page',
    );
  }
  if (!Number.isInteger(page_size) || page_size < 1 || page_size > MAX_PAGE_SIZE) {
    return fail(
      ErrorCode.INVALID_PAGINATION,
      `pagination.page_size must be between 1 and ${MAX_PAGE_SIZE}, got ${page_size}`,
      'pagination.page_size',
    );
  }
  return ok(pagination);
}

/**
 * Cuts one page out of `items`. A page beyond the last is empty, not an error.
 */
export function paginate<T>(items: readonly T[], pagination: Pagination): Result<Page<T>> {
  const checked = checkPagination(pagination);
  if (!checked.ok) return checked;
  const { page, page_size } = pagination;
  const start = (page - 1) * page_size;
  const results = items.slice(start, start + page_size);
  return ok({ page, page_size, present: results.length > 0, results, total_count: items.length });
}
