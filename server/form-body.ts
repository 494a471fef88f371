/**
 * The one door for request bodies. Every request that can change something (anything but GET,
 * HEAD and OPTIONS) reaches the app's actions only with a body they can read as a form: the
 * media type is a form's, the body is read whole (at most MAX_FORM_BYTES), and a multipart body
 * has been parsed once here. Anything else gets a short plain answer — 415 for another media
 * type, 413 for too much, 400 for a form that cannot be read — before the app sees it, so no
 * action can write anything for it. See docs/decisions/007.
 */
import express, { type ErrorRequestHandler, type Request as ExpressRequest, type RequestHandler, type Response as ExpressResponse } from "express";

/** Above the CSV import's 2 MB file (whose own limit answers with the import page's message). */
export const MAX_FORM_BYTES = 4 * 1024 * 1024;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

/** A request that can change something: everything but GET, HEAD and OPTIONS. */
export function isMutation(method: string) {
  return !["GET", "HEAD", "OPTIONS"].includes(method);
}

function refuse(res: ExpressResponse, status: number, message: string) {
  res.status(status).type("text/plain").set("Cache-Control", "no-store").send(message);
}

/** Only forms: `application/x-www-form-urlencoded`, or `multipart/form-data` with its boundary. */
const formMediaType: RequestHandler = (req, res, next) => {
  if (!isMutation(req.method)) return next();
  const [type, ...params] = (req.get("content-type") ?? "").split(";").map((part) => part.trim());
  const mediaType = type.toLowerCase();
  if (!FORM_TYPES.has(mediaType)) {
    return refuse(res, 415, "Unsupported Media Type: send a form (application/x-www-form-urlencoded or multipart/form-data).");
  }
  if (mediaType === "multipart/form-data" && !params.some((p) => /^boundary=\S/i.test(p))) {
    return refuse(res, 400, "Bad Request: this multipart form has no boundary.");
  }
  next();
};

/** The whole body into req.body as bytes; more than MAX_FORM_BYTES, or a compressed body, is refused. */
const wholeBody = express.raw({ type: () => true, limit: MAX_FORM_BYTES, inflate: false });

/** A multipart body must parse, with the same parser the actions use (`request.formData()`). */
const readableMultipart: RequestHandler = (req, res, next) => {
  if (!isMutation(req.method) || !/^multipart\//i.test(req.get("content-type") ?? "")) return next();
  new Response(bodyOf(req), { headers: { "Content-Type": req.get("content-type")! } })
    .formData()
    .then(
      () => next(),
      () => refuse(res, 400, "Bad Request: this multipart form cannot be read (cut short, or not multipart at all)."),
    );
};

export const formBodies: RequestHandler[] = [formMediaType, wholeBody, readableMultipart];

/** What reading a body can go wrong with (too large, cut off, an encoding we do not take), answered plainly. */
export const bodyErrors: ErrorRequestHandler = (error: { status?: unknown }, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof error.status === "number" ? error.status : 500;
  if (status === 413) return refuse(res, 413, `Payload Too Large: a form may be at most ${MAX_FORM_BYTES / 1024 / 1024} MB.`);
  if (status === 415) return refuse(res, 415, "Unsupported Media Type: send the form uncompressed.");
  if (status >= 400 && status < 500) return refuse(res, 400, "Bad Request: the form could not be read.");
  next(error);
};

/** The body that formBodies read: bytes for a request that sends one (empty when it sent none). */
export function bodyOf(req: ExpressRequest): Uint8Array<ArrayBuffer> {
  return Buffer.isBuffer(req.body) ? (req.body as Buffer<ArrayBuffer>) : new Uint8Array(0);
}
