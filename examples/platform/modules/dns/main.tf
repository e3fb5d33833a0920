data "aws_route53_zone" "this" {
  name = var.zone
}

resource "aws_route53_record" "this" {
  for_each = var.records
  zone_id  = data.aws_route53_zone.this.zone_id
  name     = each.key
  type     = each.value.type
  ttl      = 300
  records  = each.value.values
}
