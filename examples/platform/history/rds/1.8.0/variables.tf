variable "name" {
  description = "Instance identifier and name of its subnet group."
  type        = string
}

variable "subnet_ids" {
  type = list(string)
}

variable "engine_version" {
  type    = string
  default = "15.7"
}

variable "instance_class" {
  type    = string
  default = "db.t3.medium"
}

variable "allocated_storage" {
  type    = number
  default = 20
}

variable "storage_encrypted" {
  type    = bool
  default = false
}
