#!/usr/bin/env python3
"""AWS calls made with boto3 in one process (a test's setup and read-back
against moto_server: one Python start instead of one AWS CLI run per call).

usage: boto3_calls.py ENDPOINT REGION < CALLS
CALLS is a JSON array of {"service", "operation", "params"} (operation as
the API names it, e.g. "PutBucketTagging"). Prints a JSON array with one
answer per call: the response (ResponseMetadata removed), or
{"Error": {"Code", "Message"}} when AWS answered an error. Exits 2 on a
call that could not be made at all.
"""
import json
import sys

import boto3
import botocore.exceptions
from botocore import xform_name


def main():
    endpoint, region = sys.argv[1], sys.argv[2]
    calls = json.load(sys.stdin)
    session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing",
                                    region_name=region)
    clients = {}
    answers = []
    for call in calls:
        service = call["service"]
        if service not in clients:
            clients[service] = session.client(service, endpoint_url=endpoint)
        method = getattr(clients[service], xform_name(call["operation"]))
        try:
            answer = method(**call.get("params", {}))
            answer.pop("ResponseMetadata", None)
        except botocore.exceptions.ClientError as e:
            answer = {"Error": {"Code": e.response["Error"].get("Code", ""),
                                "Message": e.response["Error"].get("Message", "")}}
        answers.append(answer)
    json.dump(answers, sys.stdout, default=str)


if __name__ == "__main__":
    sys.exit(main())
