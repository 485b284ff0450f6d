/**
 * The one place that talks HTTP to HotTask and Hamsa, and the one place that
 * builds their errors.
 *
 * Every request to a service's API goes through n8n's
 * httpRequestWithAuthentication (so the credential's own `authenticate` sets
 * the Authorization header), with the execution's cancel signal, and the body
 * read as text or as a stream so that JSON answers and plain-text error pages
 * share one path. Files at an address the service handed out are the
 * exception: a recording is fetched without the key first (fileDownload.ts),
 * and bytes go to pre-signed storage without it (presignedUpload.ts). What differs between
 * the services comes in as a ServiceProfile; what an answer means beyond its
 * envelope (a streamed HotTask answer, say) comes in as a ResponseReader.
 * Retries follow retry.ts: only what cannot cause a second SMS or call.
 */
export { serviceCredentials, serviceError, type Fail, type HttpContext } from './context';
export { readEnvelope, sendRequest, type ResponseReader, type ServiceCall } from './request';
export { putToPresignedUrl, type PresignedUpload } from './presignedUpload';
export { DEFAULT_MAX_FILE_BYTES, fetchFile, type FileAnswer, type FileCall } from './fileDownload';
