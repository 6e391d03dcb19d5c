#!/usr/bin/env python3
"""Runs state machines in moto's Step Functions (which executes ASL) and prints what each execution ended with.

A second opinion for the engine's differential tests: reads [{"name", "definition", "input"}] as JSON
on standard input and writes [{"name", "status", "error", "cause", "output"}] on standard output.
Each case runs under an account id of its own (moto runs one execution per account reliably).
"""
import json
import os
import sys
import time

import logging
logging.disable(logging.CRITICAL)

import boto3
from moto import mock_aws


def run(cases):
    results = []
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        for number, case in enumerate(cases):
            os.environ["MOTO_ACCOUNT_ID"] = "%012d" % (100000000000 + number)
            sfn = boto3.client("stepfunctions", region_name="us-east-1",
                               aws_access_key_id="moto", aws_secret_access_key="moto")
            result = {"name": case["name"]}
            try:
                machine = sfn.create_state_machine(
                    name="m%d" % number, definition=json.dumps(case["definition"]),
                    roleArn="arn:aws:iam::%s:role/r" % os.environ["MOTO_ACCOUNT_ID"])
                arn = sfn.start_execution(stateMachineArn=machine["stateMachineArn"],
                                          input=json.dumps(case.get("input", {})))["executionArn"]
                deadline = time.time() + 20
                while True:
                    described = sfn.describe_execution(executionArn=arn)
                    if described["status"] != "RUNNING" or time.time() > deadline:
                        break
                    time.sleep(0.05)
                result["status"] = described["status"]
                for key in ("error", "cause", "output"):
                    if key in described:
                        result[key] = described[key]
                if described["status"] == "FAILED" and "error" not in described:
                    for event in sfn.get_execution_history(executionArn=arn, reverseOrder=True)["events"]:
                        details = event.get("executionFailedEventDetails")
                        if details is not None:
                            result.update({k: v for k, v in details.items() if k in ("error", "cause")})
                            break
            except Exception as e:  # refused at creation: what moto said
                result["status"] = "REFUSED"
                result["cause"] = str(e)
            results.append(result)
    return results


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout, indent=1)
    print()
