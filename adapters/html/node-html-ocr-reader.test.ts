import { describeOcrHtmlReaderContract } from "../../core/ports/testing/ocr-html-reader.contract.js";
import { NodeHtmlOcrReader } from "./node-html-ocr-reader.js";

describeOcrHtmlReaderContract("NodeHtmlOcrReader", () => new NodeHtmlOcrReader());
