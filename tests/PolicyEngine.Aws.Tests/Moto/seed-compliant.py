"""Seeds a moto_server with an organization whose management account follows every automated recommendation of
AWS's "Best practices for the management account": an organization trail (all regions, management events, log file
validation, logging) to a bucket with a name of our choosing, an EventBridge rule on root activity in us-east-1 with a
target, delegated administrators where AWS supports them, SCPs, security contacts, no IAM users and no workloads.
What moto cannot hold (the root row of the credential report, IAM's organization features, the contact information)
is answered by the tests' stub proxy.

Usage: seed-compliant.py ENDPOINT. Prints a JSON summary on stdout.
"""
import json
import sys

import boto3

endpoint = sys.argv[1]
region = "eu-west-1"
bucket = "corp-audit-trail-7f3k"


def client(name, region_name=region):
    return boto3.client(name, endpoint_url=endpoint, region_name=region_name,
                        aws_access_key_id="AKIDMOTOTESTING", aws_secret_access_key="moto-secret-key")


org = client("organizations", "us-east-1")
org.create_organization(FeatureSet="ALL")
members = {name: org.create_account(Email=f"aws+{name}@example.com", AccountName=name)["CreateAccountStatus"]["AccountId"]
           for name in ("log-archive", "security", "workloads")}
# CloudTrail stays in the management account (AWS recommends it); RAM cannot have a delegated administrator; the others
# are delegated to the security account (the principals moto knows for delegation).
for principal in ("cloudtrail.amazonaws.com", "ram.amazonaws.com", "guardduty.amazonaws.com", "access-analyzer.amazonaws.com",
                  "config-multiaccountsetup.amazonaws.com"):
    org.enable_aws_service_access(ServicePrincipal=principal)
for principal in ("guardduty.amazonaws.com", "access-analyzer.amazonaws.com", "config-multiaccountsetup.amazonaws.com"):
    org.register_delegated_administrator(AccountId=members["security"], ServicePrincipal=principal)
root_id = org.list_roots()["Roots"][0]["Id"]
org.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
scp = org.create_policy(Content=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": ["organizations:LeaveOrganization", "account:CloseAccount"], "Resource": "*"}]}),
    Description="member accounts stay", Name="DenyLeaveAndClose", Type="SERVICE_CONTROL_POLICY")["Policy"]["PolicySummary"]["Id"]
org.attach_policy(PolicyId=scp, TargetId=root_id)

account = client("account", "us-east-1")
account.put_alternate_contact(AlternateContactType="SECURITY", EmailAddress="security@example.com", Name="Security Team",
                              PhoneNumber="+1-555-0100", Title="CISO")
for member in members.values():
    account.put_alternate_contact(AccountId=member, AlternateContactType="SECURITY", EmailAddress="security@example.com",
                                  Name="Security Team", PhoneNumber="+1-555-0100", Title="CISO")

s3 = client("s3", region)
s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
cloudtrail = client("cloudtrail")
trail_arn = cloudtrail.create_trail(Name="org-trail", S3BucketName=bucket, IsMultiRegionTrail=True, IsOrganizationTrail=True,
                                    EnableLogFileValidation=True, IncludeGlobalServiceEvents=True)["TrailARN"]
cloudtrail.put_event_selectors(TrailName="org-trail", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}])
cloudtrail.start_logging(Name="org-trail")

topic = client("sns", "us-east-1").create_topic(Name="root-activity")["TopicArn"]
events = client("events", "us-east-1")
events.put_rule(Name="root-activity", State="ENABLED", EventPattern=json.dumps({
    "detail-type": ["AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail"],
    "detail": {"userIdentity": {"type": ["Root"]}}}))
events.put_targets(Rule="root-activity", Targets=[{"Id": "security-team", "Arn": topic}])

print(json.dumps({"region": region, "members": members, "trailArn": trail_arn, "bucket": bucket}))
