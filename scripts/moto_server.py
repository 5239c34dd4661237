"""moto's server, plus the Application Auto Scaling tag calls the AWS provider makes around a scalable
target (moto 5.2.5 lacks ListTagsForResource/TagResource/UntagResource and drops the tags given to
RegisterScalableTarget), an SQS RedrivePolicy serialized compactly as SQS does (moto adds spaces,
which the AWS provider reports as a change on every plan), DynamoDB's conditional writes made
atomic as DynamoDB's are (moto checks the condition and writes without a lock, so two concurrent
`attribute_not_exists` puts of one key could both succeed), and SQS's message calls one at a time
(moto's receive iterates over a queue's pending messages while another call changes them: a 500),
and, for IAM enforced through /moto-api/reset-auth, DynamoDB and SNS calls evaluated against the table or
topic they name, as IAM does (moto evaluates them against "*", which no statement scoped to a resource matches).

usage: python3 scripts/moto_server.py -H 127.0.0.1 -p PORT
"""
import functools
import json
import sys
import threading

from moto.applicationautoscaling.responses import ApplicationAutoScalingResponse
from moto.dynamodb.models import DynamoDBBackend
from moto.server import main
from moto.dynamodb.responses import DynamoHandler
from moto.sns.responses import SNSResponse
from moto.utilities.utils import get_partition
from moto.sqs.models import Queue, SQSBackend

_tags: dict[str, dict[str, str]] = {}


def list_tags_for_resource(self) -> str:
    return json.dumps({"Tags": _tags.get(self._get_param("ResourceARN"), {})})


def tag_resource(self) -> str:
    _tags.setdefault(self._get_param("ResourceARN"), {}).update(self._get_param("Tags") or {})
    return "{}"


def untag_resource(self) -> str:
    tags = _tags.get(self._get_param("ResourceARN"), {})
    for key in self._get_param("TagKeys") or []:
        tags.pop(key, None)
    return "{}"


_register = ApplicationAutoScalingResponse.register_scalable_target


def register_scalable_target(self) -> str:
    answer = _register(self)
    arn = json.loads(answer).get("ScalableTargetARN")
    if arn and self._get_param("Tags"):
        _tags.setdefault(arn, {}).update(self._get_param("Tags"))
    return answer


ApplicationAutoScalingResponse.register_scalable_target = register_scalable_target
ApplicationAutoScalingResponse.list_tags_for_resource = list_tags_for_resource
ApplicationAutoScalingResponse.tag_resource = tag_resource
ApplicationAutoScalingResponse.untag_resource = untag_resource

_queue_attributes = Queue.attributes.fget


def queue_attributes(self) -> dict:
    attributes = _queue_attributes(self)
    if self.redrive_policy:
        attributes["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return attributes


Queue.attributes = property(queue_attributes)


def one_at_a_time(backend, names, lock) -> None:
    """Each of `backend`'s methods `names` runs holding `lock`."""
    def serialized(method):
        @functools.wraps(method)
        def locked(*args, **kwargs):
            with lock:
                return method(*args, **kwargs)
        return locked
    for name in names:
        setattr(backend, name, serialized(getattr(backend, name)))


one_at_a_time(DynamoDBBackend, ("put_item", "update_item", "delete_item"), threading.Lock())
_sqs = threading.RLock()
one_at_a_time(SQSBackend, ("send_message", "send_message_batch", "receive_message", "delete_message",
                           "delete_message_batch", "change_message_visibility", "change_message_visibility_batch",
                           "purge_queue"), _sqs)
_wait_for_messages = Queue.wait_for_messages


def wait_unlocked(self, timeout):
    """A long poll lets the other calls in while it waits, as SQS does."""
    _sqs.release()
    try:
        return _wait_for_messages(self, timeout)
    finally:
        _sqs.acquire()


Queue.wait_for_messages = wait_unlocked

def table_resource(self) -> str:
    table = self._get_param("TableName")
    return f"arn:{get_partition(self.region)}:dynamodb:{self.region}:{self.current_account}:table/{table}" if table else "*"


def topic_resource(self) -> str:
    return self._get_param("TopicArn") or "*"


DynamoHandler._determine_resource = table_resource
SNSResponse._determine_resource = topic_resource

if __name__ == "__main__":
    sys.exit(main())
