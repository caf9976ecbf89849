import { baseTestConfig } from "@doable/vitest-config";

export default baseTestConfig;
