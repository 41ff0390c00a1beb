/**
 * default-seed
 */

/**
 * The seed used when none is given.
 *
 * @category Mock
 */
export const DEFAULT_SEED = 'sentera-mock';
