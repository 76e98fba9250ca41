import { ApiError } from "@google/genai";
import { describe, expect, it } from "vitest";
import { mapGeminiFinishReason } from "./map-gemini-finish-reason.js";
import { parseRetryAfter } from "../shared/retry-after.js";
import { toGeminiDomainError } from "./gemini-error.js";

const context = { model: "gemini-x", abortCause: undefined };

describe("toGeminiDomainError", () => {
  it("reads the wait from RetryInfo when there is no Retry-After header", () => {
    const body = { error: { code: 429, message: "quota", status: "RESOURCE_EXHAUSTED", details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2.5s" }] } };
    const error = toGeminiDomainError(new ApiError({ message: JSON.stringify(body), status: 429 }), context);
    expect(error.code).toBe("LLM.RATE_LIMITED");
    expect(error.details?.retryAfterMs).toBe(2_500);
    expect(error.message).toBe("gemini-x answered 429 RESOURCE_EXHAUSTED: quota");
  });

  it("reads Google's body out of the SDK's wrapper of a failed stream, not the wrapper's HTTP reason", () => {
    const google = { error: { code: 404, message: "models/gemini-x is not found for API version v1beta.", status: "NOT_FOUND" } };
    const wrapper = { error: { message: `${JSON.stringify(google, null, 2)}\n`, code: 404, status: "Not Found" } };
    const error = toGeminiDomainError(new ApiError({ message: JSON.stringify(wrapper), status: 404 }), context);
    expect(error.code).toBe("LLM.NOT_CONFIGURED");
    expect(error.details?.googleStatus).toBe("NOT_FOUND");
    expect(error.message).toBe("gemini-x answered 404 NOT_FOUND: unknown model or resource (models/gemini-x is not found for API version v1beta.)");
  });

  it("does not retry a used-up daily quota, and names it", () => {
    const body = {
      error: {
        code: 429,
        message: "quota",
        status: "RESOURCE_EXHAUSTED",
        details: [
          { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier" }, { quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier" }] },
          { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "47s" },
        ],
      },
    };
    const error = toGeminiDomainError(new ApiError({ message: JSON.stringify(body), status: 429 }), context);
    expect([error.code, error.isRetryable, error.details?.quotaId]).toEqual(["LLM.RATE_LIMITED", false, "GenerateRequestsPerDayPerProjectPerModel-FreeTier"]);
  });

  it("prefers the Retry-After header, in seconds or as an HTTP date", () => {
    const error = toGeminiDomainError(new ApiError({ message: "{}", status: 503 }), { ...context, retryAfterHeader: "3" });
    expect(error.code).toBe("LLM.UNAVAILABLE");
    expect(error.details?.retryAfterMs).toBe(3_000);
    const now = Date.parse("2026-11-24T12:00:00Z");
    expect(parseRetryAfter("Tue, 24 Nov 2026 12:00:05 GMT", now)).toBe(5_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("maps network failures, our own timeouts and cancellations", () => {
    const network = toGeminiDomainError(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") }), context);
    expect([network.code, network.isRetryable]).toEqual(["LLM.UNAVAILABLE", true]);
    const abort = Object.assign(new Error("This operation was aborted"), { name: "AbortError" });
    expect(toGeminiDomainError(abort, { ...context, abortCause: "timeout" }).code).toBe("LLM.TIMEOUT");
    expect(toGeminiDomainError(abort, { ...context, abortCause: "cancelled" }).code).toBe("OPERATION.CANCELLED");
  });
});

describe("mapGeminiFinishReason", () => {
  it("normalises and keeps the raw value", () => {
    expect(mapGeminiFinishReason("MAX_TOKENS")).toEqual({ unified: "length", raw: "MAX_TOKENS" });
    expect(mapGeminiFinishReason("PROHIBITED_CONTENT")).toEqual({ unified: "content-filter", raw: "PROHIBITED_CONTENT" });
    expect(mapGeminiFinishReason("LANGUAGE")).toEqual({ unified: "other", raw: "LANGUAGE" });
  });
});
