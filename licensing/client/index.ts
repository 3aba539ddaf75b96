/** Client for the license service's signed validation answers; imports licensing/key only. */
export {
  validateLicenseOnline,
  checkAnswer,
  newNonce,
  DEFAULT_MAX_SKEW_MS,
  DEFAULT_TIMEOUT_MS,
  type ValidateOnlineOptions,
  type OnlineValidationResult,
} from './validate-online';
