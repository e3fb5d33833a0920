variable "name" {
  description = "Cluster name; also the prefix of its IAM roles."
  type        = string
}

variable "kubernetes_version" {
  type    = string
  default = "1.28"
}

variable "subnet_ids" {
  description = "Subnets of the control plane and nodes; empty picks the private subnets tagged for the cluster."
  type        = list(string)
  default     = []
}

variable "node_groups" {
  type = list(object({
    name           = string
    instance_types = list(string)
    min_size       = number
    max_size       = number
  }))
  default = [
    { name = "default", instance_types = ["m6i.large"], min_size = 2, max_size = 6 },
  ]
}

variable "map_roles" {
  description = "IAM roles added to the aws-auth ConfigMap."
  type = list(object({
    rolearn  = string
    username = string
    groups   = list(string)
  }))
  default = []
}
