"""Seeds a moto_server with a small organization and the management account's resources.

Usage: seed.py ENDPOINT [MEMBERS]. Prints a JSON summary of what was created on stdout.
"""
import json
import sys

import boto3

endpoint = sys.argv[1]
members = int(sys.argv[2]) if len(sys.argv) > 2 else 3
region = "eu-west-1"


def client(name, region_name=region):
    return boto3.client(name, endpoint_url=endpoint, region_name=region_name,
                        aws_access_key_id="AKIDMOTOTESTING", aws_secret_access_key="moto-secret-key")


org = client("organizations", "us-east-1")
org.create_organization(FeatureSet="ALL")
member_ids = [org.create_account(Email=f"member{i}@example.com", AccountName=f"member-{i}")["CreateAccountStatus"]["AccountId"]
              for i in range(members)]
org.enable_aws_service_access(ServicePrincipal="account.amazonaws.com")
org.enable_aws_service_access(ServicePrincipal="config.amazonaws.com")
org.register_delegated_administrator(AccountId=member_ids[0], ServicePrincipal="guardduty.amazonaws.com")
root_id = org.list_roots()["Roots"][0]["Id"]
org.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
scp = org.create_policy(Content=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}),
    Description="deny leave", Name="DenyLeave", Type="SERVICE_CONTROL_POLICY")["Policy"]["PolicySummary"]["Id"]
org.attach_policy(PolicyId=scp, TargetId=root_id)

account = client("account", "us-east-1")
account.put_alternate_contact(AlternateContactType="SECURITY", EmailAddress="sec@example.com", Name="Sec Team",
                              PhoneNumber="+1-555-0100", Title="CISO")
account.put_alternate_contact(AccountId=member_ids[0], AlternateContactType="SECURITY", EmailAddress="sec0@example.com",
                              Name="Member Sec", PhoneNumber="+1-555-0101", Title="Sec")

iam = client("iam", "us-east-1")
for name in ("alice", "bob"):
    iam.create_user(UserName=name)
iam.create_access_key(UserName="alice")
iam.create_login_profile(UserName="bob", Password="Str0ng-Passw0rd!")
iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-mfa")

# Who can reach the management account: alice by a policy allowing everything, bob through a group that administers the
# organization, a partner account's read-only role, a service role (not a person), and carol through Identity Center.
admin_policy = iam.create_policy(PolicyName="Admin", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))["Policy"]["Arn"]
iam.attach_user_policy(UserName="alice", PolicyArn=admin_policy)
iam.create_group(GroupName="org-admins")
iam.put_group_policy(GroupName="org-admins", PolicyName="org", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "organizations:*", "Resource": "*"}]}))
iam.add_user_to_group(GroupName="org-admins", UserName="bob")
iam.create_role(RoleName="partner-audit", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole"}]}))
iam.put_role_policy(RoleName="partner-audit", PolicyName="read", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["organizations:Describe*", "organizations:List*"], "Resource": "*"}]}))
iam.create_role(RoleName="lambda-exec", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
iam.attach_role_policy(RoleName="lambda-exec", PolicyArn=admin_policy)

sso = client("sso-admin")
instance = sso.list_instances()["Instances"][0]
permission_set = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="AdministratorAccess")["PermissionSet"]["PermissionSetArn"]
sso.attach_managed_policy_to_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=permission_set,
                                            ManagedPolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
identity_store = client("identitystore")
carol = identity_store.create_user(IdentityStoreId=instance["IdentityStoreId"], UserName="carol", DisplayName="Carol",
                                   Name={"GivenName": "Carol", "FamilyName": "Admin"})["UserId"]
ops = identity_store.create_group(IdentityStoreId=instance["IdentityStoreId"], DisplayName="ops")["GroupId"]
identity_store.create_group_membership(IdentityStoreId=instance["IdentityStoreId"], GroupId=ops, MemberId={"UserId": carol})
sso.create_account_assignment(InstanceArn=instance["InstanceArn"], TargetId="123456789012", TargetType="AWS_ACCOUNT",
                              PermissionSetArn=permission_set, PrincipalType="GROUP", PrincipalId=ops)
sso.provision_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=permission_set, TargetType="AWS_ACCOUNT",
                             TargetId="123456789012")

s3 = client("s3", region)
s3.create_bucket(Bucket="trail-bucket-policy-engine", CreateBucketConfiguration={"LocationConstraint": region})
logs = client("logs")
logs.create_log_group(logGroupName="trail-logs")
logs.put_metric_filter(logGroupName="trail-logs", filterName="root-usage",
                       filterPattern='{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
                       metricTransformations=[{"metricName": "RootUsage", "metricNamespace": "CIS", "metricValue": "1"}])
cloudtrail = client("cloudtrail")
trail_arn = cloudtrail.create_trail(Name="org-trail", S3BucketName="trail-bucket-policy-engine", IsMultiRegionTrail=True,
                                    EnableLogFileValidation=True,
                                    CloudWatchLogsLogGroupArn=f"arn:aws:logs:{region}:123456789012:log-group:trail-logs:*",
                                    CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/trail")["TrailARN"]
cloudtrail.start_logging(Name="org-trail")
cloudtrail.put_event_selectors(TrailName="org-trail", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True}])

sns_topic = f"arn:aws:sns:{region}:123456789012:root-alerts"
client("cloudwatch").put_metric_alarm(AlarmName="root-usage", MetricName="RootUsage", Namespace="CIS", Statistic="Sum",
                                      Period=300, EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold",
                                      AlarmActions=[sns_topic])
pattern = json.dumps({"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}})
for rule_region in (region, "us-east-1"):
    events = client("events", rule_region)
    events.put_rule(Name="root-activity", EventPattern=pattern, State="ENABLED")
    events.put_targets(Rule="root-activity", Targets=[{"Id": "sns", "Arn": sns_topic}])

client("ec2").run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                            TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])
client("dynamodb").create_table(TableName="orders", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
client("sqs").create_queue(QueueName="jobs")

print(json.dumps({"region": region, "members": member_ids, "trailArn": trail_arn, "scp": scp, "rootId": root_id}))
